/* mootools 1.11 */

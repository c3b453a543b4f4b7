/*! jQuery v1.12.4 */

/* jQuery 1.4.4 placeholder */

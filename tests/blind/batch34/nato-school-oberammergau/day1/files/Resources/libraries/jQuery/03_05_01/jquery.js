/*! jQuery stub */

/*! jQuery placeholder for the fixture */
window.jQuery=window.jQuery||{};

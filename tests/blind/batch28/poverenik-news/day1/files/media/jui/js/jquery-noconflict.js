jQuery.noConflict();

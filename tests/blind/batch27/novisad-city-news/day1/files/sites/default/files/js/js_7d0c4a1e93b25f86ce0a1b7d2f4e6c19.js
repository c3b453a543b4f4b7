/* jquery.js, drupal.js, lightbox2, views_slideshow, googleanalytics (aggregated) */
var Drupal=Drupal||{settings:{},behaviors:{}};

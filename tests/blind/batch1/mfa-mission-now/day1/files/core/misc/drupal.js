/* Drupal core */
window.Drupal={behaviors:{}};

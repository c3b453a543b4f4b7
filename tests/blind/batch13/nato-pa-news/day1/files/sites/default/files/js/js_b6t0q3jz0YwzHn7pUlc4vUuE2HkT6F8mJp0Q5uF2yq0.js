(function(){window.Drupal=window.Drupal||{};})();

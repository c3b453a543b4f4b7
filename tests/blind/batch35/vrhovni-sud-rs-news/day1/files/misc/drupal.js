var Drupal = Drupal || { 'settings': {}, 'behaviors': {}, 'locale': {} };

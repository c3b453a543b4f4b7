/* jquery + drupal.js */var Drupal=Drupal||{settings:{},behaviors:{}};var jQuery=jQuery||{extend:function(){}};

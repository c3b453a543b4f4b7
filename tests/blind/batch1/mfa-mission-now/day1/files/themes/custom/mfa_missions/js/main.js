(function($,Drupal){Drupal.behaviors.mfaSlider={attach:function(c){}};})(jQuery,Drupal);

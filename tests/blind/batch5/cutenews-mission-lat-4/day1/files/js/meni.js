function MM_preloadImages(){var d=document;if(d.images){if(!d.MM_p)d.MM_p=new Array();}}

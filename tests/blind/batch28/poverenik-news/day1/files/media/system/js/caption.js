var JCaption=function(c){};

function CNreadCookie(){}
function CNSubmitComment(){return true;}
function CNforget(){}

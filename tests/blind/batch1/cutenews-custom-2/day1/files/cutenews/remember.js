function CNreadCookie(){}
function CNSubmitComment(){return true;}

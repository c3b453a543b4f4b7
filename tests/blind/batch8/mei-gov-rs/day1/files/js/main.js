function acceptCookies(){document.cookie="mei_cookies=1;path=/;max-age=31536000";document.getElementById("cookie-bar").style.display="none";}
function fontSize(d){var b=document.body;var s=parseInt(window.getComputedStyle(b).fontSize,10);b.style.fontSize=(s+d)+"px";}
if(document.cookie.indexOf("mei_cookies=1")<0){document.addEventListener("DOMContentLoaded",function(){document.getElementById("cookie-bar").style.display="block";});}

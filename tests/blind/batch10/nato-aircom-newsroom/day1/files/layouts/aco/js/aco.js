function acceptCookies(){document.getElementById('cookieBar').style.display='none';}

function acceptCookies(){document.getElementById('cookie-bar').style.display='none';}

function acceptCookies(){document.getElementById('cookie-notice').style.display='none';}

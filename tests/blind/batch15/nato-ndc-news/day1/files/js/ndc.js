function acceptCookies(){document.cookie='ndc_cookies=1;path=/;max-age=31536000';document.getElementById('cookie-bar').style.display='none';return false;}

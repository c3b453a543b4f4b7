function acceptCookies(){document.cookie='cookieConsent=1;path=/;max-age=31536000';document.getElementById('cookieConsent').style.display='none';}

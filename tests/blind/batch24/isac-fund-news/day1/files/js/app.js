function acceptCookies(){document.cookie="isac_cookie_consent=1;path=/;max-age=31536000";document.getElementById("cookieConsent").style.display="none";}

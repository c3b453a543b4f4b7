function mfaAcceptCookies(){document.cookie='mfaconsent=1;path=/';}

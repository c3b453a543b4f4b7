function nbsKonverzija(p){document.cookie='pismo='+p+';path=/';location.reload();return false}
function nbsCookieOk(){document.cookie='nbs_cookie=1;path=/';document.getElementById('cookie-notice').style.display='none'}

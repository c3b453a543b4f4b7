function aceitarCookies(){document.cookie='cookies=1;path=/';document.getElementById('avisoCookies').style.display='none'}

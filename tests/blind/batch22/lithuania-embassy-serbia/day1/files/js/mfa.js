$(function(){if(!document.cookie.match(/cookies_ok/))$('#cookies-notice').show();$('#cookies-notice .accept').click(function(){document.cookie='cookies_ok=1;path=/';$('#cookies-notice').hide();});});

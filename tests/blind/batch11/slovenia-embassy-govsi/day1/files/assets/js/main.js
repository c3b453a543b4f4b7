(function(){var c=document.getElementById('cookie-notice');if(c&&!document.cookie.match(/cc=/))c.hidden=false})();

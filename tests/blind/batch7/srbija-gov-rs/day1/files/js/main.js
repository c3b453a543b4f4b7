document.getElementById('cookie-ok')&&0;

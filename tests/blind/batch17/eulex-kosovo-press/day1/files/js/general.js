$(function(){$('.cb-enable').click(function(){document.cookie='cb-enabled=accepted;path=/';$('#cookie-bar').hide();return false;});});

$(function(){$('.fancybox').length&&console.log('gallery');});

document.querySelector('.js-cookies-accept')&&document.querySelector('.js-cookies-accept').addEventListener('click',function(){document.querySelector('.js-cookies').remove()});

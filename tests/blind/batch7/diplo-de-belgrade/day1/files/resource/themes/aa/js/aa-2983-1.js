/* aa theme */
document.documentElement.classList.remove('no-js');document.getElementById('privacy')&&document.getElementById('privacy').removeAttribute('hidden');

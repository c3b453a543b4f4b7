document.documentElement.className='js';

document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('cookieBar');if(localStorage.getItem('cookies'))b.style.display='none';});

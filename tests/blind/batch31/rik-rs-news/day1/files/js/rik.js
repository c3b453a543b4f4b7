function prihvatiKolacice(){document.cookie='kolacici=1;path=/';document.getElementById('cookie-bar').style.display='none'}

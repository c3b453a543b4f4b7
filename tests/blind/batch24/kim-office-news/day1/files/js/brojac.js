// brojac vremena od preuzimanja obaveze formiranja ZSO (19.04.2013)
var pocetak=new Date(2013,3,19);

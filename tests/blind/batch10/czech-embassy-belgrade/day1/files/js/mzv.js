function mzvCookiesAccept(){document.getElementById('cookies_info').style.display='none'}function fontSize(d){}function mzvSendArticle(){}

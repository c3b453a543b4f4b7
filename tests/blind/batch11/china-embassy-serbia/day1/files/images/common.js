function doZoom(size){var el=document.getElementById('News_Body_Txt_A');if(el){el.style.fontSize=size+'px';}}
function shareTo(t){var u=encodeURIComponent(location.href),ti=encodeURIComponent(document.title);
 if(t=='weibo'){window.open('http://service.weibo.com/share/share.php?url='+u+'&title='+ti);}
 if(t=='wechat'){document.getElementById('wxcode').style.display='block';}}

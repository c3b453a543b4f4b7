function GoToLink(a){window.location=a.href;}function OnLink(a){}

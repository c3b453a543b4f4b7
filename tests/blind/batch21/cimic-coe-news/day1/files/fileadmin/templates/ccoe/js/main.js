document.querySelectorAll('.cookie-accept').forEach(b=>b.onclick=()=>b.parentNode.remove());

// TRS WCM page navigation
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  var s = '<div class="page">';
  if(nCurrIndex == 0) s += '<span>首页</span> <span>上一页</span> ';
  else { s += '<a href="'+_sPageName+'.'+_sPageExt+'">首页</a> ';
    s += '<a href="'+(nCurrIndex==1? _sPageName+'.'+_sPageExt : _sPageName+'_'+(nCurrIndex-1)+'.'+_sPageExt)+'">上一页</a> '; }
  for(var i=0;i<_nPageCount;i++){
    if(i==nCurrIndex) s += '<span class="cur">'+(i+1)+'</span> ';
    else s += '<a href="'+(i==0? _sPageName+'.'+_sPageExt : _sPageName+'_'+i+'.'+_sPageExt)+'">'+(i+1)+'</a> ';
  }
  if(nCurrIndex == _nPageCount-1) s += '<span>下一页</span> <span>尾页</span>';
  else { s += '<a href="'+_sPageName+'_'+(nCurrIndex+1)+'.'+_sPageExt+'">下一页</a> ';
    s += '<a href="'+_sPageName+'_'+(_nPageCount-1)+'.'+_sPageExt+'">尾页</a>'; }
  document.write(s + ' 共'+_nPageCount+'页</div>');
}

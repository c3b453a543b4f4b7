var dnnModal={show:function(){return false}};

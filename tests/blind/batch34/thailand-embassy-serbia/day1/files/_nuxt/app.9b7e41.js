!function(){window.__nuxt_app=1}();

!function(){window.__nuxt_runtime=1}();

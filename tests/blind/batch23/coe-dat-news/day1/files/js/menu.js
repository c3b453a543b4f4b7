$(function(){});

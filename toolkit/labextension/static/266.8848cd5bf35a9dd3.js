"use strict";(self.rspackChunkcpt97530_course=self.rspackChunkcpt97530_course||[]).push([[266],{646(e,t,o){var r=o(601),n=o.n(r),a=o(314),c=(o.n(a))()(n());c.push([e.id,`/* Course notebooks show no code: the input area of a code cell (including the collapsed
   first line JupyterLab shows for hidden source) is not drawn at all. */
.cpt-course .jp-CodeCell .jp-Cell-inputWrapper,
.cpt-course .jp-CodeCell .jp-OutputPrompt,
.cpt-course .jp-CodeCell .jp-OutputArea-promptOverlay {
  display: none;
}

/* A focus ring nobody can miss, on every control of a course notebook. */
.cpt-course .jp-OutputArea :focus-visible {
  outline: 3px solid #0b5cad !important;
  outline-offset: 2px;
}

/* Course mode (cpt97530-course:course-mode; CPT97530_COURSE_MODE=off shows all of Lab):
   on a course document, no notebook toolbar or cell toolbar (copy, move, insert, delete;
   index.js takes the programmer menus off the menu bar); no Terminal or Console cards in
   the Launcher; no extension manager or debugger side panels. */
.cpt-course-mode .cpt-course > .jp-Toolbar.jp-NotebookPanel-toolbar,
.cpt-course-mode .cpt-course .jp-cell-toolbar,
.cpt-course-mode .lm-TabBar-tab[data-id='extensionmanager.main-view'],
.cpt-course-mode .lm-TabBar-tab[data-id='jp-debugger-sidebar'],
.cpt-course-mode .jp-Launcher-section:has(.jp-LauncherCard[data-category='Console']),
.cpt-course-mode .jp-LauncherCard[data-category='Other'][title*='Terminal' i],
.cpt-course-mode .jp-LauncherCard[data-command='terminal:create-new'],
.cpt-course-mode .lm-Menu-item[data-command='terminal:create-new'],
.cpt-course-mode .lm-Menu-item[data-command='console:create'],
.cpt-course-mode .lm-CommandPalette-item[data-command='terminal:create-new'],
.cpt-course-mode .lm-CommandPalette-item[data-command='console:create'] {
  display: none;
}

/* Course mode: the file browser opens lessons; it makes, uploads and launches nothing (its
   right-click menu and keys lose those commands in index.js). */
.cpt-course-mode .jp-FileBrowser-toolbar .jp-Toolbar-item[data-jp-item-name='new-directory'],
.cpt-course-mode .jp-FileBrowser-toolbar .jp-Toolbar-item[data-jp-item-name='uploader'],
.cpt-course-mode .jp-FileBrowser-toolbar .jp-Toolbar-item[data-jp-item-name='new-launcher'],
.cpt-course-mode .lm-TabBar-addButton {
  display: none;
}
`,""]),o.d(t,{},{A:c})},314(e){e.exports=function(e){var t=[];return t.toString=function(){return this.map(function(t){var o="",r=void 0!==t[5];return t[4]&&(o+="@supports (".concat(t[4],") {")),t[2]&&(o+="@media ".concat(t[2]," {")),r&&(o+="@layer".concat(t[5].length>0?" ".concat(t[5]):""," {")),o+=e(t),r&&(o+="}"),t[2]&&(o+="}"),t[4]&&(o+="}"),o}).join("")},t.i=function(e,o,r,n,a){"string"==typeof e&&(e=[[null,e,void 0]]);var c={};if(r)for(var s=0;s<this.length;s++){var i=this[s][0];null!=i&&(c[i]=!0)}for(var u=0;u<e.length;u++){var l=[].concat(e[u]);r&&c[l[0]]||(void 0!==a&&(void 0===l[5]||(l[1]="@layer".concat(l[5].length>0?" ".concat(l[5]):""," {").concat(l[1],"}")),l[5]=a),o&&(l[2]&&(l[1]="@media ".concat(l[2]," {").concat(l[1],"}")),l[2]=o),n&&(l[4]?(l[1]="@supports (".concat(l[4],") {").concat(l[1],"}"),l[4]=n):l[4]="".concat(n)),t.push(l))}},t}},601(e){e.exports=function(e){return e[1]}},665(e,t,o){o.r(t);var r=o(72),n=o.n(r),a=o(825),c=o.n(a),s=o(659),i=o.n(s),u=o(56),l=o.n(u),p=o(540),d=o.n(p),m=o(113),f=o.n(m),h=o(646),v={};v.styleTagTransform=f(),v.setAttributes=l(),v.insert=i().bind(null,"head"),v.domAPI=c(),v.insertStyleElement=d(),n()(h.A,v);let b=h.A&&h.A.locals?h.A.locals:void 0;o.d(t,{},{default:b})},72(e){var t=[];function o(e){for(var o=-1,r=0;r<t.length;r++)if(t[r].identifier===e){o=r;break}return o}function r(e,r){for(var n={},a=[],c=0;c<e.length;c++){var s=e[c],i=r.base?s[0]+r.base:s[0],u=n[i]||0,l="".concat(i," ").concat(u);n[i]=u+1;var p=o(l),d={css:s[1],media:s[2],sourceMap:s[3],supports:s[4],layer:s[5]};if(-1!==p)t[p].references++,t[p].updater(d);else{var m=function(e,t){var o=t.domAPI(t);return o.update(e),function(t){t?(t.css!==e.css||t.media!==e.media||t.sourceMap!==e.sourceMap||t.supports!==e.supports||t.layer!==e.layer)&&o.update(e=t):o.remove()}}(d,r);r.byIndex=c,t.splice(c,0,{identifier:l,updater:m,references:1})}a.push(l)}return a}e.exports=function(e,n){var a=r(e=e||[],n=n||{});return function(e){e=e||[];for(var c=0;c<a.length;c++){var s=o(a[c]);t[s].references--}for(var i=r(e,n),u=0;u<a.length;u++){var l=o(a[u]);0===t[l].references&&(t[l].updater(),t.splice(l,1))}a=i}}},659(e){var t={};e.exports=function(e,o){var r=function(e){if(void 0===t[e]){var o=document.querySelector(e);if(window.HTMLIFrameElement&&o instanceof window.HTMLIFrameElement)try{o=o.contentDocument.head}catch(e){o=null}t[e]=o}return t[e]}(e);if(!r)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");r.appendChild(o)}},540(e){e.exports=function(e){var t=document.createElement("style");return e.setAttributes(t,e.attributes),e.insert(t,e.options),t}},56(e,t,o){e.exports=function(e){var t=o.nc;t&&e.setAttribute("nonce",t)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var t=e.insertStyleElement(e);return{update:function(o){var r,n,a;r="",o.supports&&(r+="@supports (".concat(o.supports,") {")),o.media&&(r+="@media ".concat(o.media," {")),(n=void 0!==o.layer)&&(r+="@layer".concat(o.layer.length>0?" ".concat(o.layer):""," {")),r+=o.css,n&&(r+="}"),o.media&&(r+="}"),o.supports&&(r+="}"),(a=o.sourceMap)&&"u">typeof btoa&&(r+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(a))))," */")),e.styleTagTransform(r,t,e.options)},remove:function(){var e;null===(e=t).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,t){if(t.styleSheet)t.styleSheet.cssText=e;else{for(;t.firstChild;)t.removeChild(t.firstChild);t.appendChild(document.createTextNode(e))}}}}]);
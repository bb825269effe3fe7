// The editor console's one script of its own (no inline script anywhere: the pages' policy forbids it).
// htmx requests carry the CSRF token that each page names in <meta name="_csrf">.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
// A request the server refused shows its answer in the notice area rather than failing silently.
document.addEventListener('htmx:responseError', function (event) {
  var area = document.getElementById('notice');
  if (area) {
    var status = event.detail.xhr.status;
    area.textContent = status === 401 ? '登录已过期，请重新登录。'
      : status === 403 ? '无权执行此操作，或页面已过期，请刷新后重试。'
      : '操作未成功（' + status + '），请稍后重试。';
    area.className = 'notice-area message error';
  }
});
document.addEventListener('htmx:sendError', function () {
  var area = document.getElementById('notice');
  if (area) {
    area.textContent = '无法连接服务器，请检查网络后重试。已填写的内容仍在页面上。';
    area.className = 'notice-area message error';
  }
});

// The admin pages' script. A new token's secret is selected when its page opens, and the 复制 button
// (shown only where the browser lets a page write to the clipboard) copies it.
document.addEventListener('DOMContentLoaded', function () {
  var secret = document.getElementById('token-secret');
  if (!secret) {
    return;
  }
  secret.focus();
  secret.select();
  var button = document.querySelector('button.copy-secret');
  var result = document.querySelector('.copy-result');
  if (!button || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  button.hidden = false;
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(secret.value).then(function () {
      result.textContent = '已复制到剪贴板。';
    }, function () {
      secret.select();
      result.textContent = '无法自动复制，请按 Ctrl+C 复制已选中的密钥。';
    });
  });
});

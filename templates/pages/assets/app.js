// Progressive enhancement only: every form works without this file.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  // The error summary takes the focus, so a screen reader reads it first.
  function focusErrors() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
  }

  // The password criteria turn green as they are met, asking the API's own policy check.
  function liveCriteria(input) {
    var list = document.getElementById(input.getAttribute('data-password-criteria'));
    if (!list) return;
    var lang = document.documentElement.lang || 'it';
    var labels = lang === 'en' ? { met: 'met', unmet: 'not met yet' } : { met: 'rispettato', unmet: 'non ancora rispettato' };
    var timer = null;
    var seq = 0;
    function show(criteria) {
      criteria.forEach(function (criterion) {
        var item = list.querySelector('[data-criterion="' + criterion.id + '"]');
        if (!item) return;
        item.classList.toggle('met', criterion.met);
        item.classList.toggle('unmet', !criterion.met && input.value.length > 0);
        var state = item.querySelector('.criterion-state');
        if (state) state.textContent = '(' + (criterion.met ? labels.met : labels.unmet) + ')';
      });
    }
    function check() {
      var mine = ++seq;
      var body = { password: input.value };
      var username = input.getAttribute('data-username');
      if (username) body.username = username;
      fetch('/api/v1/password-policy/check', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify(body),
      })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (result) { if (result && mine === seq) show(result.criteria); })
        .catch(function () { /* the criteria are checked on submit anyway */ });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 120);
    });
  }

  // Comune suggestions for the chosen province, from the project's dataset.
  function comuniSuggestions() {
    var list = document.getElementById('comuni-list');
    var province = document.getElementById('f-address-province');
    if (!list || !province) return;
    var byProvince = null;
    function fill() {
      var sigla = province.value.trim().toUpperCase();
      var names = (byProvince && byProvince[sigla]) || [];
      list.textContent = '';
      names.forEach(function (name) {
        var option = document.createElement('option');
        option.value = name;
        list.appendChild(option);
      });
    }
    function load() {
      if (byProvince) return fill();
      fetch(list.getAttribute('data-comuni'))
        .then(function (res) { return res.json(); })
        .then(function (data) { byProvince = data; fill(); })
        .catch(function () { /* suggestions only */ });
    }
    province.addEventListener('change', load);
    province.addEventListener('input', function () { if (province.value.trim().length === 2) load(); });
    if (province.value.trim()) load();
  }

  ready(function () {
    focusErrors();
    Array.prototype.forEach.call(document.querySelectorAll('[data-password-criteria]'), liveCriteria);
    comuniSuggestions();
  });
})();

// The annual figures' charts (ECharts, from node_modules via /static/vendor/echarts.min.js), drawn
// from the JSON the page carries (#figures-data). SVG, so print is as sharp as the screen; the
// tables under each chart have the same numbers for whoever would rather read.
(function () {
  const source = document.getElementById('figures-data');
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const ink = '#2b2724';
  const colours = ['#b3261e', '#1f5fa8', '#6b8e23', '#c98a00'];
  const base = { color: colours, textStyle: { color: ink, fontFamily: 'inherit' }, animation: false, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' }, legend: { top: 0 } };
  const charts = [];
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({ ...base, ...option });
    charts.push(chart);
  };
  const bars = (rows, key) => rows.map((r) => r[key]);
  draw('chart-years', {
    xAxis: { type: 'category', data: data.years.map((y) => y.year) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1, splitLine: { show: false } }],
    series: [
      { name: data.labels.participants, type: 'bar', data: bars(data.years, 'participants'), label: { show: true, position: 'top' } },
      { name: data.labels.entries, type: 'bar', data: bars(data.years, 'entries') },
      { name: data.labels.contests, type: 'line', yAxisIndex: 1, data: bars(data.years, 'contests'), label: { show: true } },
    ],
  });
  const horizontal = (id, rows) => draw(id, {
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      { name: data.labels.participants, type: 'bar', data: bars(rows, 'participants'), label: { show: true, position: 'right' } },
      { name: data.labels.prizes, type: 'bar', data: bars(rows, 'prizes') },
    ],
  });
  horizontal('chart-trades', data.trades);
  horizontal('chart-federations', data.federations);
  const resize = () => charts.forEach((chart) => chart.resize());
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();

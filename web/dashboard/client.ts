// The dashboard's script: draws coverage per rep as bars and touches per week as lines from the JSON data
// block the server embedded. Bundled with the used parts of Chart.js by build.ts into one inline script that
// the page's Content-Security-Policy allows by its hash.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { HIGH_SHARE, LOW_SHARE, type DashboardData } from '../../functions/web/coverage/dashboard-data';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
// A dashboard is read, not watched: draw the final picture at once (also what screenshots and tests see).
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1d2433';

const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as DashboardData;

function shareColour(share: number): string {
  return share < LOW_SHARE ? '#D55E00' : share < HIGH_SHARE ? '#E69F00' : '#009E73';
}

const barCanvas = document.getElementById('coverage-chart') as HTMLCanvasElement | null;
if (barCanvas) {
  new Chart(barCanvas, {
    type: 'bar',
    data: {
      labels: data.reps.map((r) => r.label),
      datasets: [
        {
          label: 'covered within cadence',
          data: data.reps.map((r) => Math.round(r.share * 1000) / 10),
          backgroundColor: data.reps.map((r) => shareColour(r.share)),
          borderRadius: 3,
          maxBarThickness: 56,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        y: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` }, title: { display: true, text: 'share covered' } },
        x: { grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const r = data.reps[ctx.dataIndex];
              return r ? `${r.covered} of ${r.contacts} contacts (${ctx.formattedValue} %)` : '';
            },
          },
        },
      },
    },
  });
}

const lineCanvas = document.getElementById('touches-chart') as HTMLCanvasElement | null;
if (lineCanvas) {
  const datasets: Array<ChartDataset<'line', number[]>> = data.series.map((s) => ({
    label: s.label,
    data: s.values,
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: s.dashed ? 2 : 2.5,
    borderDash: s.dashed ? [6, 4] : [],
    pointRadius: 3,
    tension: 0.2,
  }));
  new Chart(lineCanvas, {
    type: 'line',
    data: { labels: data.weeks, datasets },
    options: {
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'touches' } }, x: { grid: { display: false } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } } },
    },
  });
}

// Lets tests and monitoring tell "script ran" from "script blocked".
document.documentElement.dataset.charts = 'drawn';

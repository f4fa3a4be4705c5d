// Follows a running bulk replay: reads its progress every second and updates the page, until it is no longer running.
(function () {
	var job = document.getElementById('job');
	var url = job.getAttribute('data-progress');
	function show(id, value) {
		document.getElementById(id).textContent = value;
	}
	function poll() {
		fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
			.then(function (response) { return response.ok ? response.json() : null; })
			.then(function (progress) {
				if (!progress) {
					return;
				}
				show('job-status', progress.status);
				show('job-total', progress.total);
				show('job-replayed', progress.replayed);
				show('job-skipped', progress.skipped);
				show('job-failed', progress.failed);
				var bar = document.getElementById('job-bar');
				bar.max = Math.max(progress.total, 1);
				bar.value = progress.replayed + progress.skipped + progress.failed;
				if (progress.status === 'RUNNING') {
					setTimeout(poll, 1000);
				}
				else {
					show('job-finished', progress.finishedAt ? progress.finishedAt.replace('T', ' ').replace(/\..*|Z/, '') + ' UTC' : '–');
					var cancel = document.getElementById('cancel-form');
					if (cancel) {
						cancel.remove();
					}
				}
			})
			.catch(function () { setTimeout(poll, 3000); });
	}
	setTimeout(poll, 500);
})();

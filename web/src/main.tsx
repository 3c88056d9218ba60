import { render } from 'preact';

function App() {
  return (
    <main>
      <h1>Coope</h1>
      <p>Meetings and a shared workspace, side by side.</p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);

// The trivial server-rendered page: a heading, a paragraph, a short list, and the time it was rendered.
const ITEMS = ["Saturday 14:00", "Community Hall, Berlin", "50 seats"];

export default function TrivialPage() {
  return (
    <article>
      <h1>Bench event</h1>
      <p>A benchmark event. Everyone is welcome; bring a friend and a good mood.</p>
      <ul>
        {ITEMS.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>Rendered at {new Date().toISOString()}</p>
    </article>
  );
}

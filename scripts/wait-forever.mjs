// `npm run db:start`: keeps the local database up and prints its URI until Ctrl-C.
console.log(`MONGODB_URI=${process.env.MONGODB_URI}`);
setInterval(() => {}, 1 << 30);
